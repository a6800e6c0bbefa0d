import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiContext } from './api/api-context';
import { errorMessage } from './api/error-message';
import { resolveApi } from './api/http-transport';
import { App } from './app';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/runs.css';
import './styles/run.css';
import './styles/accuracy.css';
import './styles/compare.css';
import './styles/panels.css';

const root = createRoot(document.getElementById('root')!);
try {
  const api = resolveApi();
  root.render(
    <StrictMode>
      <ApiContext.Provider value={api}>
        <App />
      </ApiContext.Provider>
    </StrictMode>,
  );
} catch (error) {
  root.render(
    <div className="fatal" role="alert">
      <h1>The workbench could not connect</h1>
      <p>{errorMessage(error).message}</p>
    </div>,
  );
}
