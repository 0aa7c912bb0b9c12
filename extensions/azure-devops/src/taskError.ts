/**
 * A failure of the task itself (no service connection key, no PowerShell, an input it cannot use): reported as one line
 * that says what to do, never as a stack trace.
 */
export class TaskError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'TaskError';
    }
}
