import * as tl from 'azure-pipelines-task-lib/task';
import { TaskError } from './taskError';

/** The PowerShell that runs the module: PowerShell 7, or on a Windows agent without it, Windows PowerShell. */
export interface PowerShell {
    path: string;
    windowsPowerShell: boolean;
}

/** Finds pwsh on the agent's PATH; on Windows falls back to powershell.exe with a warning; otherwise a TaskError. */
export function findPowerShell(): PowerShell {
    const pwsh = tl.which('pwsh', false);
    if (pwsh) {
        return { path: pwsh, windowsPowerShell: false };
    }
    if (tl.getPlatform() === tl.Platform.Windows) {
        const windowsPowerShell = tl.which('powershell', false);
        if (windowsPowerShell) {
            tl.warning('PowerShell 7 (pwsh) was not found on this agent: running Windows PowerShell (powershell.exe) instead. Install PowerShell 7 on the agent to run the module as it is tested.');
            return { path: windowsPowerShell, windowsPowerShell: true };
        }
        throw new TaskError('Neither PowerShell 7 (pwsh) nor Windows PowerShell (powershell.exe) was found on this agent: install PowerShell 7 on it.');
    }
    throw new TaskError('PowerShell 7 (pwsh) was not found on this agent: install PowerShell 7 on it (or use an agent image that has it) and make sure pwsh is on its PATH.');
}

/** PowerShell's own parameters, before the script's: no profile, no prompt, and (on Windows) no execution policy in the way of the task's unsigned script. */
export function powerShellArguments(script: string): string[] {
    const policy = tl.getPlatform() === tl.Platform.Windows ? ['-ExecutionPolicy', 'Bypass'] : [];
    return ['-NoProfile', '-NonInteractive', ...policy, '-File', script];
}
