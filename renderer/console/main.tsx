import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isLanguage } from '../../core/i18n/messages';
import '../styles/app.css';
import './console.css';
import { ConsoleApp } from './ConsoleApp';

const asked = new URLSearchParams(location.search).get('lang');
const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <ConsoleApp initialLanguage={isLanguage(asked) ? asked : 'fr'} />
    </StrictMode>,
  );
