import type { ComponentChildren } from 'preact';

interface Props {
  message: string;
  children?: ComponentChildren;
}

/** An error said plainly, announced to screen readers, with the actions that can fix it. */
export function ErrorNotice({ message, children }: Props) {
  return (
    <div class="nb-error" role="alert">
      <p>{message}</p>
      {children ? <div class="nb-actions">{children}</div> : null}
    </div>
  );
}
