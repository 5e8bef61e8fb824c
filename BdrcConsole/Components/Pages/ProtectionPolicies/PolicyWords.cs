using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Features.Policies;
using MudBlazor;

namespace BdrcConsole.Components.Pages.ProtectionPolicies;

/// <summary>The Protection Policy Center's words for Core's enums, in one place for every page of the area.</summary>
public static class PolicyWords
{
    /// <summary>The sub-policy kinds in the order the editor offers them.</summary>
    public static IReadOnlyList<SubPolicyKind> Kinds { get; } = Enum.GetValues<SubPolicyKind>();

    /// <summary>A sub-policy kind in words: Core's title, the one the policy rows and messages use.</summary>
    public static string Title(SubPolicyKind kind) => PolicyText.Title(kind);

    public static string Status(ApplicationStatus status) => status.ToString();

    public static Color StatusColor(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Succeeded => Color.Success,
        ApplicationStatus.Failed => Color.Error,
        ApplicationStatus.Running => Color.Info,
        _ => Color.Default,
    };

    public static string Status(ExecutionStatus status) => status switch
    {
        ExecutionStatus.PartlyFailed => "Partly failed",
        _ => status.ToString(),
    };

    public static Color StatusColor(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Succeeded => Color.Success,
        ExecutionStatus.PartlyFailed => Color.Warning,
        ExecutionStatus.Failed => Color.Error,
        _ => Color.Info,
    };

    public static string Trigger(ExecutionTrigger trigger) => trigger switch
    {
        ExecutionTrigger.RunNow => "Run now",
        _ => "Schedule",
    };

    public static string Type(MessageType type) => type switch
    {
        MessageType.ExecutionSucceeded => "Execution succeeded",
        MessageType.ExecutionPartlyFailed => "Execution partly failed",
        MessageType.ExecutionFailed => "Execution failed",
        MessageType.ApplicationFailed => "Application failed",
        MessageType.AppliedToNewResources => "Applied to new resources",
        MessageType.RemovedAccountLeftManagement => "Account left management: resources taken out",
        MessageType.PolicyChanged => "Policy changed",
        _ => type.ToString(),
    };

    public static Color LevelColor(MessageLevel level) => level switch
    {
        MessageLevel.Error => Color.Error,
        MessageLevel.Warning => Color.Warning,
        _ => Color.Info,
    };

    /// <summary>"N resources applied · S succeeded · F failed · across A accounts", with Pending while applying.</summary>
    public static string Coverage(PolicyCoverage c)
    {
        var text = $"{Plural(c.Applied, "resource")} applied · {c.Succeeded} succeeded · {c.Failed} failed";
        if (c.Pending + c.Running > 0)
            text += $" · {c.Pending + c.Running} pending";
        return text + $" · across {Plural(c.Accounts, "account")}";
    }

    public static bool IsApplying(PolicyCoverage c) => c.Pending + c.Running > 0;

    public static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    public static string ResourceLink(string resourceId) => $"/resource-center/resources/{Uri.EscapeDataString(resourceId)}";
}
