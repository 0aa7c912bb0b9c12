import * as fs from 'fs';
import * as tl from 'azure-pipelines-task-lib/task';

/** What Invoke-ImmutaCommand.ps1 writes to its -ResultFile. */
export interface CommandResult {
    command: string;
    outcome: 'Succeeded' | 'SucceededWithIssues' | 'Failed';
    message: string;
    changesPresent: boolean;
    planFile: string;
    done: number;
    failed: number;
    unchanged: number;
    problems: number;
}

/** The result the script wrote, or undefined when it wrote none (it could not start, or was stopped). */
export function readResult(file: string): CommandResult | undefined {
    if (!fs.existsSync(file)) {
        return undefined;
    }
    // Windows PowerShell writes UTF-8 with a byte order mark.
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    return JSON.parse(text) as CommandResult;
}

const outcomes: Record<string, tl.TaskResult> = {
    Succeeded: tl.TaskResult.Succeeded,
    SucceededWithIssues: tl.TaskResult.SucceededWithIssues,
    Failed: tl.TaskResult.Failed,
};

/** Sets the step's output variables from the result, and the task's result. */
export function reportResult(result: CommandResult): void {
    tl.setVariable('changesPresent', result.changesPresent ? 'true' : 'false', false, true);
    tl.setVariable('planFile', result.planFile ?? '', false, true);
    tl.setVariable('changesDone', String(result.done ?? 0), false, true);
    tl.setVariable('changesFailed', String(result.failed ?? 0), false, true);
    const outcome = outcomes[result.outcome] ?? tl.TaskResult.Failed;
    tl.setResult(outcome, result.message || `${result.command}: ${result.outcome}`);
}
