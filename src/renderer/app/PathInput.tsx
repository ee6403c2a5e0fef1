/** A path on the machine running the engine, typed (browser hosts cannot open a native folder dialog). */
export function PathInput(props: { label: string; placeholder: string; value: string; onChange(value: string): void; disabled?: boolean; autoFocus?: boolean }) {
  return (
    <input
      className="path-input"
      type="text"
      aria-label={props.label}
      placeholder={props.placeholder}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      disabled={props.disabled}
      spellCheck={false}
      autoFocus={props.autoFocus}
    />
  );
}
