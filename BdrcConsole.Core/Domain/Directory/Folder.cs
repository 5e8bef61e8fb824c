namespace BdrcConsole.Core.Domain.Directory;

/// <summary>A folder of the resource directory; the root folder has no parent.</summary>
public class Folder
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public string? ParentId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    public bool IsRoot => ParentId is null;

    public const int MaxNameLength = 64;
}
