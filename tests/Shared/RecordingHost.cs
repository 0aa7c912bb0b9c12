#nullable enable
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace ImmutaIntegrations.Tests;

/// <summary>
/// A host that keeps the warning lines written to it directly, and answers no prompt. Public and self-contained: the
/// cmdlet tests compile it, and the Pester tests load it with Add-Type (what a command tells the user as it stops).
/// </summary>
public sealed class RecordingHost : PSHost
{
    private readonly RecordingUI _ui = new();

    public IReadOnlyList<string> Warnings => _ui.Warnings;

    public override string Name => "RecordingHost";

    public override Version Version => new(1, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => _ui;

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public override void SetShouldExit(int exitCode)
    {
    }

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    private sealed class RecordingUI : PSHostUserInterface
    {
        private readonly List<string> _warnings = new();

        public IReadOnlyList<string> Warnings
        {
            get { lock (_warnings) return _warnings.ToArray(); }
        }

        public override PSHostRawUserInterface? RawUI => null;

        public override void WriteWarningLine(string message)
        {
            lock (_warnings) _warnings.Add(message);
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException();

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
            throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();

        public override string ReadLine() => throw new NotSupportedException();

        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();

        public override void Write(string value)
        {
        }

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value)
        {
        }

        public override void WriteLine(string value)
        {
        }

        public override void WriteErrorLine(string value)
        {
        }

        public override void WriteDebugLine(string message)
        {
        }

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        public override void WriteVerboseLine(string message)
        {
        }
    }
}
