const SVG = 'http://www.w3.org/2000/svg';

/**
 * The launcher's icons, built with DOM calls (no innerHTML, so pages with Trusted Types accept them), 24×24 and
 * `aria-hidden`: the button's name carries the meaning.
 */
function icon(name: string, paths: string[], filled: boolean): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `icon ${name}`);
  if (filled) {
    svg.setAttribute('fill', 'currentColor');
    svg.setAttribute('fill-rule', 'evenodd');
  } else {
    svg.setAttribute('fill', 'none');
    svg.setAttribute('stroke', 'currentColor');
    svg.setAttribute('stroke-width', '2');
    svg.setAttribute('stroke-linecap', 'round');
    svg.setAttribute('stroke-linejoin', 'round');
  }
  for (const d of paths) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

/** A speech bubble with two lines of text cut out: the closed launcher. */
export const chatBubbleIcon = () =>
  icon(
    'chat',
    [
      'M12 3C6.5 3 2.5 6.6 2.5 11c0 2.3 1.1 4.4 3 5.9-.2 1.5-.8 2.8-1.9 3.9 2.2.1 4.1-.6 5.5-1.8 1 .3 1.9.4 2.9.4 5.5 0 9.5-3.6 9.5-8.4S17.5 3 12 3Zm-4 7h8a1 1 0 1 1 0 2H8a1 1 0 1 1 0-2Zm0 3.5h5a1 1 0 1 1 0 2H8a1 1 0 1 1 0-2Z',
    ],
    true,
  );

/** Pointing down to the button: the launcher while its panel is open. */
export const chevronIcon = () => icon('chevron', ['m6 9.5 6 6 6-6'], false);

/** The phone sheet's close button. */
export const closeIcon = () => icon('close', ['M6.5 6.5l11 11M17.5 6.5l-11 11'], false);
