// monaco-yaml's language worker, bundled by Vite as a same-origin worker (see monaco-setup.ts).
import 'monaco-yaml/yaml.worker.js';
