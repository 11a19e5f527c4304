/** axe-core in the page, for the element's accessibility checks (loaded once per test file). */

interface AxeResult {
  violations: {
    id: string;
    impact: string;
    help: string;
    nodes: { target: unknown[]; failureSummary: string }[];
  }[];
}

interface Axe {
  run(context: Element, options?: object): Promise<AxeResult>;
}

/** Loads axe-core from node_modules into the page. */
export async function loadAxe(): Promise<void> {
  const script = document.createElement('script');
  script.src = '/node_modules/axe-core/axe.min.js';
  const loaded = new Promise((resolve) => script.addEventListener('load', resolve));
  document.head.append(script);
  await loaded;
}

/** The violations axe-core finds in `el`, one readable line each (none is the goal). */
export async function axeViolations(el: Element): Promise<string[]> {
  const axe = (window as unknown as { axe: Axe }).axe;
  const result = await axe.run(el, { resultTypes: ['violations'] });
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary}`).join(' | ')}`,
  );
}
