import * as tl from 'azure-pipelines-task-lib/task';
import { TaskError } from './taskError';

const commands = ['Validate', 'Plan', 'Apply', 'Drift', 'Health'] as const;

/** One of the commands of Invoke-ImmutaCommand.ps1. */
export type Command = (typeof commands)[number];

/** What the step's inputs ask Invoke-ImmutaCommand.ps1 to do. */
export interface Step {
    command: Command;
    paths: string[];
    planFile: string;
    prune: boolean;
    allowReplace: boolean;
    throttleLimit: number;
    rotateSecret: string[];
    types: string[];
    onFailure: 'Fail' | 'Warn';
}

function list(name: string, separator: RegExp): string[] {
    return (tl.getInput(name, false) ?? '').split(separator).map((value) => value.trim()).filter((value) => value.length > 0);
}

function choice<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const value = (tl.getInput(name, false) ?? '').trim();
    if (!value) {
        return fallback;
    }
    const found = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
    if (!found) {
        throw new TaskError(`The input ${name} is '${value}'; it must be one of: ${allowed.map((item) => item.toLowerCase()).join(', ')}.`);
    }
    return found;
}

/** Reads the task's inputs (the service connection aside). */
export function readStep(): Step {
    const throttle = (tl.getInput('throttleLimit', false) ?? '').trim();
    if (throttle && !/^\d+$/.test(throttle)) {
        throw new TaskError(`The input throttleLimit is '${throttle}'; it must be a whole number (0 for the module's default).`);
    }
    const paths = list('path', /\r?\n/);
    return {
        command: choice('command', 'Plan', commands),
        paths: paths.length ? paths : ['integrations'],
        planFile: (tl.getInput('planFile', false) ?? '').trim(),
        prune: tl.getBoolInput('prune', false),
        allowReplace: tl.getBoolInput('allowReplace', false),
        throttleLimit: throttle ? Number.parseInt(throttle, 10) : 0,
        rotateSecret: list('rotateSecret', /[\r\n,]+/),
        types: list('types', /[\r\n,]+/),
        onFailure: choice('onFailure', 'Fail', ['Fail', 'Warn'] as const),
    };
}

/**
 * The script's parameters for a step. Run with -File, PowerShell binds every argument as one string, so a list goes as
 * one argument with a value per line, which the script splits.
 */
export function scriptArguments(step: Step, resultFile: string, modulePath: string): string[] {
    const args = ['-Command', step.command, '-Path', step.paths.join('\n')];
    if (step.planFile) {
        args.push('-PlanFile', step.planFile);
    }
    if (step.prune) {
        args.push('-Prune');
    }
    if (step.allowReplace) {
        args.push('-AllowReplace');
    }
    if (step.throttleLimit > 0) {
        args.push('-ThrottleLimit', String(step.throttleLimit));
    }
    if (step.rotateSecret.length) {
        args.push('-RotateSecret', step.rotateSecret.join('\n'));
    }
    if (step.types.length) {
        args.push('-Type', step.types.join('\n'));
    }
    args.push('-OnFailure', step.onFailure, '-ResultFile', resultFile, '-ModulePath', modulePath);
    return args;
}
