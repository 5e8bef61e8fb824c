using Microsoft.AspNetCore.Identity;

namespace BdrcConsole.Core.Domain.Identity;

/// <summary>A console user; every user acts for exactly one account.</summary>
public class BdrcUser : IdentityUser
{
    public required string AccountId { get; set; }
}
