import type { Api } from '../shared/contract';

// What the preload exposes, as the window sees it. Types only: the window never imports the preload itself.
declare global {
  interface Window {
    api: Api;
  }
}

export {};
