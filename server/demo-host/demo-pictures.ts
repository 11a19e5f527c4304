import sharp from 'sharp';

/*
 * The demo's pictures, drawn here (SVG rendered by sharp) so the repository ships no binary files: the photo of
 * the vase the order's buyer sends, and the screenshot the ticket's customer sends.
 */

const VASE = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900" viewBox="0 0 1200 900">
  <defs>
    <linearGradient id="wall" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#efe6d8"/><stop offset="1" stop-color="#d9ccb8"/></linearGradient>
    <linearGradient id="table" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#a47551"/><stop offset="1" stop-color="#7a5337"/></linearGradient>
    <radialGradient id="glaze" cx="0.38" cy="0.35" r="0.75"><stop offset="0" stop-color="#5f8fe8"/><stop offset="0.55" stop-color="#2f5ad8"/><stop offset="1" stop-color="#1a3a93"/></radialGradient>
  </defs>
  <rect width="1200" height="900" fill="url(#wall)"/>
  <rect y="610" width="1200" height="290" fill="url(#table)"/>
  <ellipse cx="600" cy="760" rx="260" ry="34" fill="#000" opacity="0.22"/>
  <path d="M540 160 h120 v60 c0 40 150 120 150 300 c0 170 -110 240 -210 240 c-100 0 -210 -70 -210 -240 c0 -180 150 -260 150 -300 z" fill="url(#glaze)"/>
  <ellipse cx="600" cy="160" rx="64" ry="16" fill="#17307a"/>
  <path d="M480 400 c60 40 180 40 240 0" stroke="#d8e4ff" stroke-width="10" fill="none" opacity="0.7"/>
  <path d="M470 470 c70 46 190 46 260 0" stroke="#d8e4ff" stroke-width="6" fill="none" opacity="0.5"/>
  <path d="M655 300 l-25 90 l40 60 l-30 110 l35 70" stroke="#f7f2ea" stroke-width="7" fill="none" stroke-linejoin="round"/>
  <path d="M760 690 l40 -8 l-14 30 z M820 700 l26 4 l-18 18 z" fill="#2f5ad8"/>
</svg>`;

const SCREENSHOT = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="640" viewBox="0 0 1000 640" font-family="DejaVu Sans, sans-serif">
  <rect width="1000" height="640" fill="#eef1f5"/>
  <rect width="1000" height="56" fill="#1f2a44"/>
  <circle cx="36" cy="28" r="12" fill="#5f8fe8"/>
  <text x="62" y="35" fill="#fff" font-size="20" font-weight="bold">Acme Cloud</text>
  <rect x="300" y="140" width="400" height="330" rx="14" fill="#fff" stroke="#d5dae3"/>
  <text x="500" y="200" text-anchor="middle" font-size="24" font-weight="bold" fill="#1c2024">Sign in</text>
  <rect x="340" y="228" width="320" height="44" rx="8" fill="#f7f8fa" stroke="#c9ced8"/>
  <text x="356" y="256" font-size="16" fill="#5d6570">ana@example.com</text>
  <rect x="340" y="286" width="320" height="44" rx="8" fill="#f7f8fa" stroke="#c9ced8"/>
  <text x="356" y="314" font-size="16" fill="#5d6570">••••••••••</text>
  <rect x="340" y="346" width="320" height="56" rx="8" fill="#fdecec" stroke="#e5a3a3"/>
  <text x="356" y="370" font-size="14" font-weight="bold" fill="#a11d1d">Error 4012: session expired</text>
  <text x="356" y="390" font-size="13" fill="#a11d1d">Please update the app and try again.</text>
  <rect x="340" y="414" width="320" height="40" rx="8" fill="#2f5ad8"/>
  <text x="500" y="440" text-anchor="middle" font-size="16" fill="#fff">Sign in</text>
</svg>`;

/** The photo of the vase (JPEG, 1200×900), as a buyer's phone would send it. */
export function vasePhoto(): Promise<Buffer> {
  return sharp(Buffer.from(VASE)).jpeg({ quality: 86 }).toBuffer();
}

/** A screenshot of the sign-in error (PNG, 1000×640). */
export function signInScreenshot(): Promise<Buffer> {
  return sharp(Buffer.from(SCREENSHOT)).png().toBuffer();
}
