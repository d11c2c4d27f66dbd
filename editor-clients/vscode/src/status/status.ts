import * as vscode from 'vscode';
import { LanguageClient, StaticFeature, FeatureState, ClientCapabilities } from 'vscode-languageclient/node';
import { CodeloopStatus, statusPresentation } from './presentation';

/** The `codeloop/status` notification (sent when the client sets `experimental.codeloopStatus`). */
export const STATUS_METHOD = 'codeloop/status';

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
