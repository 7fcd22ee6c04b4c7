/** A number setting's field: `onNumber` gets what is typed once it is a number of at least `min` (a half-typed value is not saved). */
export function NumberInput({
  id,
  value,
  min,
  max,
  step,
  describedBy,
  onNumber,
}: {
  id: string;
  value: number;
  min: number;
  max?: number;
  step?: number;
  describedBy?: string;
  onNumber: (value: number) => void;
}) {
  return (
    <input
      id={id}
      type="number"
      min={min}
      max={max}
      step={step}
      value={value}
      aria-describedby={describedBy}
      onInput={(event) => {
        const typed = Number(event.currentTarget.value);
        if (Number.isFinite(typed) && typed >= min) onNumber(typed);
      }}
    />
  );
}
