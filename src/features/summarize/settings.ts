// The summarize feature's settings (listed in src/features/settings.ts): the side panel's style and
// length, and how much of a long page the model reads.
import { flag, oneOf, type SettingsDeclaration } from '../../settings/fields';
import { SUMMARY_LENGTHS, SUMMARY_READINGS, SUMMARY_TYPES, type SummaryLength, type SummaryReading, type SummaryType } from './options';

export interface SummarizeSettings {
  summaryType: SummaryType | 'quick';
  summaryLength: SummaryLength;
  /** Long pages on a CPU: the model reads their key passages first, or always the whole page. */
  summaryReading: SummaryReading;
  /** The person answered the multilingual model's suggestion (switched or dismissed it): it is not made again. */
  multilingualSuggestionAnswered: boolean;
}

export const summarizeSettings: SettingsDeclaration<SummarizeSettings> = {
  feature: 'summarize',
  defaults: { summaryType: 'key-points', summaryLength: 'medium', summaryReading: 'key-passages', multilingualSuggestionAnswered: false },
  checks: {
    summaryType: oneOf(SUMMARY_TYPES), summaryLength: oneOf(SUMMARY_LENGTHS), summaryReading: oneOf(SUMMARY_READINGS),
    multilingualSuggestionAnswered: flag,
  },
};
