import {
  BACKEND_ORDER,
  describeAdapter,
  describeWasm,
  type BackendName,
} from '../ml/backend_info';
import { requestedBackend, useStudio } from '../stores/studio';

/** The studio's name, the backend in use (and its adapter), and the backend setting. */
export function Header() {
  const backend = useStudio((s) => s.backend);
  const backendError = useStudio((s) => s.backendError);
  const setBackendPreference = useStudio((s) => s.setBackendPreference);
  const forced = requestedBackend();

  let status = 'starting TensorFlow.js…';
  if (backendError) status = backendError;
  else if (backend) {
    const details = [
      backend.adapter && `adapter: ${describeAdapter(backend.adapter)}`,
      backend.renderer && `renderer: ${backend.renderer}`,
      backend.name === 'wasm' && describeWasm(backend),
    ].filter(Boolean);
    status = `${backend.name.toUpperCase()}${details.length ? ` · ${details.join(' · ')}` : ''}`;
  }
  const fellBack = backend?.requested && backend.requested !== backend.name;

  return (
    <header className="header">
      <h1 className="header__title">Transfer Studio</h1>
      <div
        className="header__backend"
        data-testid="backend"
        data-backend={backend?.name ?? ''}
      >
        Backend: <strong>{status}</strong>
        {fellBack && (
          <span className="notice notice--warn" data-testid="backend-fallback">
            {backend.requested} could not start; using {backend.name}.
          </span>
        )}
      </div>
      <label className="header__setting">
        Backend setting{' '}
        <select
          data-testid="backend-setting"
          value={forced ?? 'auto'}
          onChange={(event) =>
            setBackendPreference(event.target.value as BackendName | 'auto')
          }
        >
          <option value="auto">automatic (best available)</option>
          {BACKEND_ORDER.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {backend && backend.skipped.length > 0 && (
        <details className="header__skipped">
          <summary>why not a faster backend?</summary>
          <ul>
            {backend.skipped.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
    </header>
  );
}
