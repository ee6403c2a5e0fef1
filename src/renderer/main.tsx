import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ApiProvider, createClient } from './app/api-context';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiProvider value={createClient()}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
