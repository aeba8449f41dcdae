import type { Runner } from '../src/action/runner.ts';

/** A runner that records what the action told it; inputs come from a plain object. */
export class FakeRunner implements Runner {
  readonly outputs: Record<string, string> = {};
  readonly logs: string[] = [];
  readonly warnings: string[] = [];
  readonly secrets: string[] = [];
  summary = '';
  failed: string | undefined;
  private readonly inputs: Record<string, string>;

  constructor(inputs: Record<string, string>) {
    this.inputs = inputs;
  }

  getInput(name: string): string {
    return (this.inputs[name] ?? '').trim();
  }
  setSecret(secret: string): void {
    this.secrets.push(secret);
  }
  setOutput(name: string, value: string): void {
    this.outputs[name] = value;
  }
  info(message: string): void {
    this.logs.push(message);
  }
  warning(message: string): void {
    this.warnings.push(message);
  }
  debug(message: string): void {
    this.logs.push(`debug: ${message}`);
  }
  setFailed(message: string): void {
    this.failed = message;
  }
  writeSummary(markdown: string): Promise<void> {
    this.summary += markdown;
    return Promise.resolve();
  }
}
