import { TONES } from './tones';

/** The tones as <option>s, in menu order with the menu's labels. */
export function ToneOptions() {
  return (
    <>
      {TONES.map((tone) => (
        <option key={tone.id} value={tone.id}>
          {tone.label}
        </option>
      ))}
    </>
  );
}
