namespace BdrcConsole.Core.Domain;

/// <summary>A refusal or failure the console shows to the user as a message.</summary>
public abstract class BdrcException(string message) : Exception(message);

/// <summary>The acting account may not perform the operation or see the data (HTTP 403).</summary>
public sealed class AccessDeniedException(string message) : BdrcException(message);

/// <summary>The thing asked for does not exist, or is not visible to the acting account (HTTP 404).</summary>
public sealed class NotFoundException(string message) : BdrcException(message);

/// <summary>Input that is malformed or incomplete; nothing was changed (HTTP 400).</summary>
public sealed class ValidationException(string message) : BdrcException(message);

/// <summary>A documented rule refuses the operation in the current state; nothing was changed (HTTP 409).</summary>
public sealed class RuleViolationException(string message) : BdrcException(message);
