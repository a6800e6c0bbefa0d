import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { resolveApi } from './api/http-transport';

function App(): React.JSX.Element {
  return <h1>NPU Workbench</h1>;
}

resolveApi();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
