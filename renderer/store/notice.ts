/** One transient status line (shown in the status bar, announced politely to screen readers). */
import type { MessageKey, MessageValues } from '../i18n/translate.ts';

export interface Notice {
  key: MessageKey;
  values?: MessageValues;
  tone: 'info' | 'error';
}
