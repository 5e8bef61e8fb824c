namespace BdrcConsole.Core.Features.Access;

/// <summary>Who is acting: the signed-in user and the account it acts for. Every Core call takes one.</summary>
public sealed record Actor(string UserName, string AccountId);
