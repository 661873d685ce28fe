import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { SessionGate } from './features/auth/SessionGate';
import { LanguageProvider } from './i18n';
import './styles.css';
import './ui/ui.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <LanguageProvider>
      <SessionGate>
        <App />
      </SessionGate>
    </LanguageProvider>
  </StrictMode>,
);
