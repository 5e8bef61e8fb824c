namespace BdrcConsole.Core.Domain.Directory;

/// <summary>The single resource directory of this console: its management account and root folder.</summary>
public class ResourceDirectory
{
    public int Id { get; init; } = 1;
    public required string ManagementAccountId { get; init; }
    public required string RootFolderId { get; init; }
    public DateTimeOffset EnabledAt { get; init; }
}
