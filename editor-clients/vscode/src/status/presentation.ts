/** What the status bar shows for a `codeloop/status` notification (pure: unit-tested without VS Code). */

export interface CodeloopStatus {
  /** 'ready' | 'busy' | 'offline' | 'authenticationFailed' | 'untrusted' | 'error' (others shown as given). */
  state: string;
  model?: string | null;
  inFlight?: number;
  message?: string | null;
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
