/** React access to the store: provider, state selectors, actions, and the translator. */
import { createContext, createElement, useContext, useMemo } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppState } from './app-state.ts';
import type { AppActions, AppStore } from './create-app-store.ts';
import { translator } from '../i18n/translate.ts';
import type { Translate } from '../i18n/translate.ts';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: store }, children);
}

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (store === null) throw new Error('useAppStore outside <StoreProvider>');
  return store;
}

/** Selects state; the selector must return a stable value (a slice or a primitive). */
export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStore().state, selector);
}

export function useActions(): AppActions {
  return useAppStore().actions;
}

export function useT(): Translate {
  const language = useAppState((s) => s.settings.language);
  return useMemo(() => translator(language), [language]);
}
