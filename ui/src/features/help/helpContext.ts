// The help's section for what the app shows right now (kept apart from help.ts, which stays pure
// and testable without the store and its core bindings).
import { help, sectionFor } from './help'
import { bookGate, store } from '../../shared/store'

export function currentSection(): string {
  return sectionFor({
    welcome: store.welcome || !store.info?.book,
    setupStep: help.setupStep,
    townshipAlone: store.townshipAlone,
    gate: bookGate(),
    screen: store.screen,
    settingsTab: store.settingsTab,
  })
}
