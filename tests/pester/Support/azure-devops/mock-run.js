// Runs the task's compiled handler under azure-pipelines-task-lib's TaskMockRunner, for the branches an agent with the
// emulator cannot reach: node mock-run.js <task folder> <scenario.json>. The scenario gives the inputs and the mock's answers
// (which, getPlatform, exec); with "result", the mocked PowerShell writes that result to the -ResultFile it was given, as
// Invoke-ImmutaCommand.ps1 does. The agent's variables (the endpoint's among them) come from the environment.
'use strict';
const fs = require('fs');
const path = require('path');

const [taskFolder, scenarioFile] = process.argv.slice(2);
const scenario = JSON.parse(fs.readFileSync(scenarioFile, 'utf8'));
const library = (name) => require(path.join(taskFolder, 'node_modules', 'azure-pipelines-task-lib', name));

const runner = new (library('mock-run').TaskMockRunner)(path.join(taskFolder, 'index.js'));
for (const [name, value] of Object.entries(scenario.inputs || {})) {
    runner.setInput(name, value);
}
runner.setAnswers(scenario.answers || {});
if (scenario.result) {
    const tool = library('mock-task').tool;
    runner.registerMockExport('tool', (toolPath) => {
        const toolRunner = tool(toolPath);
        const execAsync = toolRunner.execAsync.bind(toolRunner);
        toolRunner.execAsync = async (options) => {
            const code = await execAsync(options);
            fs.writeFileSync(toolRunner.args[toolRunner.args.indexOf('-ResultFile') + 1], JSON.stringify(scenario.result));
            return code;
        };
        return toolRunner;
    });
}
runner.run();
