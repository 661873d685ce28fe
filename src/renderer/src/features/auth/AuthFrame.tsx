import { useEffect, type ReactNode } from 'react';
import { useMessages } from '../../i18n';
import { LanguageSwitch } from '../app-info/LanguageSwitch';
import './auth.css';

/**
 * The page around the screens before anybody is signed in: the header's name and language switch (a newcomer may
 * want English before signing in) over the page ground, with the content centred in it.
 */
export function AuthFrame({ title, children }: { title: string | null; children: ReactNode }) {
  const t = useMessages();
  useEffect(() => {
    document.title = title ? t.app.pageTitle(title) : t.app.name;
  }, [title, t]);
  return (
    <>
      <header className="app-header">
        <div className="app-header__bar">
          <h1 className="app-header__name">{t.app.name}</h1>
          <LanguageSwitch />
        </div>
      </header>
      <main className="auth-main">{children}</main>
    </>
  );
}
