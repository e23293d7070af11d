/**
 * Renderer entry: gets the back-end API (preload in Electron, WebSocket in web mode), builds the
 * store, subscribes to events, and renders the app. Loaded as a module script (no inline script).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getFieldlinkApi } from './bridge/index.ts';
import { createAppStore } from './store/create-app-store.ts';
import { StoreProvider } from './store/hooks.ts';
import { App } from './app/App.tsx';
import './styles/theme.css';
import './styles/app.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');

const store = createAppStore(getFieldlinkApi());
createRoot(container).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
void store.start();
