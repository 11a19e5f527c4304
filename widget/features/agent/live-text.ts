import { AsyncDirective, directive, type PartInfo } from 'lit/async-directive.js';
import type { AgentRun } from './agent-run.js';

/**
 * A run's text that grows by itself: each append sets this one text node (`setValue`), so a streaming reply
 * costs neither a render of the chat nor of its row. `onGrow` runs after each change (the list keeps to its
 * bottom when the reader is there).
 */
class LiveText extends AsyncDirective {
  private _run?: AgentRun;
  private _onGrow?: () => void;
  private _unwatch?: () => void;

  constructor(part: PartInfo) {
    super(part);
  }

  render(run: AgentRun, onGrow: () => void): string {
    if (run !== this._run) {
      this._unwatch?.();
      this._run = run;
      this._watch();
    }
    this._onGrow = onGrow;
    return run.text;
  }

  protected override disconnected(): void {
    this._unwatch?.();
    this._unwatch = undefined;
  }

  protected override reconnected(): void {
    this._watch();
    if (this._run) this.setValue(this._run.text);
  }

  private _watch(): void {
    const run = this._run;
    if (!run || !this.isConnected) return;
    this._unwatch = run.watch((text) => {
      this.setValue(text);
      this._onGrow?.();
    });
  }
}

export const liveText = directive(LiveText);
