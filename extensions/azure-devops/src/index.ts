import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tl from 'azure-pipelines-task-lib/task';
import { findPowerShell, powerShellArguments } from './powershell';
import { readResult, reportResult } from './result';
import { readStep, scriptArguments } from './step';
import { readConnection, requireTenant } from './tenant';
import { TaskError } from './taskError';

// ImmutaIntegrations@1: runs pipelines/Invoke-ImmutaCommand.ps1, shipped in the task folder with a copy of the module,
// in PowerShell, and turns the result it writes into the step's output variables and result. The module itself prints
// the annotations and summaries under the agent (TF_BUILD); the child's output passes through untouched.
async function run(): Promise<void> {
    // First of all: the key registered as a secret, so that nothing printed after this can show it.
    const connection = readConnection();
    const step = readStep();
    const tenant = step.command === 'Validate' ? undefined : requireTenant(connection);
    const powershell = findPowerShell();

    const script = path.join(__dirname, 'pipelines', 'Invoke-ImmutaCommand.ps1');
    const modulePath = path.join(__dirname, 'module', 'ImmutaIntegrations', 'ImmutaIntegrations.psd1');
    const resultFile = path.join(tl.getVariable('Agent.TempDirectory') || os.tmpdir(), 'ImmutaIntegrations-result.json');
    fs.rmSync(resultFile, { force: true });

    // The tenant reaches the script only through its environment, never on its command line.
    const env: { [name: string]: string | undefined } = { ...process.env };
    delete env.IMMUTA_URL;
    delete env.IMMUTA_API_KEY;
    if (tenant) {
        env.IMMUTA_URL = tenant.url;
        env.IMMUTA_API_KEY = tenant.apiKey;
    }
    // Payload folders and plan files are named from the repository's root, wherever the agent starts the task.
    const cwd = tl.getVariable('System.DefaultWorkingDirectory') || process.cwd();
    const exitCode = await tl
        .tool(powershell.path)
        .arg(powerShellArguments(script))
        .arg(scriptArguments(step, resultFile, modulePath))
        .execAsync({ cwd, env, ignoreReturnCode: true, failOnStdErr: false });

    const result = readResult(resultFile);
    if (!result) {
        throw new TaskError(`Invoke-ImmutaCommand.ps1 ended (exit code ${exitCode}) without writing its result; the lines above say why.`);
    }
    fs.rmSync(resultFile, { force: true });
    reportResult(result);
}

run().catch((error: unknown) => {
    // One line, never a stack trace: the task's own failures say what to do; anything else says what happened.
    const message = error instanceof Error ? error.message : String(error);
    tl.setResult(tl.TaskResult.Failed, error instanceof TaskError ? message : `ImmutaIntegrations: ${message}`);
});
