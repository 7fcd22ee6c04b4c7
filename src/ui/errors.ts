/** The message to show for anything thrown: EngineError and friends already say what to do. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
