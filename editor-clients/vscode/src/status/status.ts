import * as vscode from 'vscode';
import { LanguageClient, StaticFeature, FeatureState, ClientCapabilities } from 'vscode-languageclient/node';

/** The `codeloop/status` notification (sent when the client sets `experimental.codeloopStatus`). */
export const STATUS_METHOD = 'codeloop/status';

export interface CodeloopStatus {
  /** 'ready' | 'busy' | 'offline' | 'authenticationFailed' | 'untrusted' | 'error' (others shown as given). */
  state: string;
  model?: string | null;
  inFlight?: number;
  message?: string | null;
}

/** Announces `experimental.codeloopStatus: true` in the initialize request. */
export class StatusCapabilityFeature implements StaticFeature {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    const experimental = (capabilities.experimental ?? {}) as Record<string, unknown>;
    capabilities.experimental = { ...experimental, codeloopStatus: true };
  }
  initialize(): void {}
  getState(): FeatureState {
    return { kind: 'static' };
  }
  clear(): void {}
}

/** Text, tooltip and icon of the status bar item for a status (undefined: none received yet). */
export function statusPresentation(s: CodeloopStatus | undefined): { text: string; tooltip: string; error: boolean } {
  if (!s) return { text: '$(sparkle) Codeloop', tooltip: 'Codeloop: starting', error: false };
  const model = s.model ? ` ${s.model}` : '';
  const detail = s.message ? `\n${s.message}` : '';
  switch (s.state) {
    case 'ready':
      return { text: `$(sparkle) Codeloop${model}`, tooltip: `Codeloop: ready${model}${detail}`, error: false };
    case 'busy':
      return { text: `$(sync~spin) Codeloop${model}`, tooltip: `Codeloop: waiting for ${s.inFlight ?? 1} model request(s)${detail}`, error: false };
    case 'offline':
      return { text: '$(cloud-offline) Codeloop offline', tooltip: `Codeloop: the model cannot be reached${detail}`, error: true };
    case 'authenticationFailed':
      return { text: '$(key) Codeloop auth failed', tooltip: `Codeloop: the model refused the API key${model}${detail}`, error: true };
    case 'untrusted':
      return { text: '$(shield) Codeloop untrusted', tooltip: `Codeloop: this workspace is not trusted; checks, tests and workflows run nothing${detail}`, error: false };
    case 'error':
      return { text: '$(error) Codeloop error', tooltip: `Codeloop: last error${detail}`, error: true };
    default:
      return { text: `$(sparkle) Codeloop ${s.state}`, tooltip: `Codeloop: ${s.state}${detail}`, error: false };
  }
}

/** The status bar item: model, busy, last error; a click offers doctor, statistics and the output. */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private last: CodeloopStatus | undefined;

  constructor(clickCommand: string) {
    this.item = vscode.window.createStatusBarItem('codeloop.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Codeloop';
    this.item.command = clickCommand;
    this.show(undefined);
  }

  /** Listens to `codeloop/status` of a (not yet started) client. */
  attach(client: LanguageClient): void {
    this.last = undefined;
    this.show(undefined);
    client.onNotification(STATUS_METHOD, (params: CodeloopStatus) => this.show(params));
  }

  stopped(reason: string): void {
    this.item.text = '$(circle-slash) Codeloop';
    this.item.tooltip = `Codeloop: ${reason}`;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
  }

  get status(): CodeloopStatus | undefined {
    return this.last;
  }

  private show(s: CodeloopStatus | undefined): void {
    this.last = s;
    const p = statusPresentation(s);
    this.item.text = p.text;
    this.item.tooltip = `${p.tooltip}\nClick for doctor and statistics`;
    this.item.backgroundColor = p.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
