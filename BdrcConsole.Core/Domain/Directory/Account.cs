namespace BdrcConsole.Core.Domain.Directory;

public enum AccountType
{
    Management,
    Member,
}

public enum JoinMethod
{
    /// <summary>Created by the management account inside the directory.</summary>
    Created,
    /// <summary>An existing account invited into the directory.</summary>
    Invited,
}

/// <summary>A cloud account of the resource directory, identified by a 16-digit UID.</summary>
public class Account
{
    public required string Id { get; init; }
    public required string DisplayName { get; set; }
    public AccountType Type { get; init; }
    /// <summary>The folder holding the account; null once the account has been removed from the directory.</summary>
    public string? FolderId { get; set; }
    public JoinMethod JoinMethod { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
    /// <summary>When the account was removed from the directory; it then stands alone (its users still sign in).</summary>
    public DateTimeOffset? LeftDirectoryAt { get; set; }

    public const int IdLength = 16;

    /// <summary>Account ids are 16-digit numeric strings, like Alibaba Cloud UIDs.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: IdLength } && id[0] != '0' && id.All(char.IsAsciiDigit);
}
