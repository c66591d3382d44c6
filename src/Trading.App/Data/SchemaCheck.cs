namespace Trading.App.Data;

/// <summary>
/// Whether the database's schema is the one this build expects. <see cref="AppliedVersion"/> is null when
/// it could not be read; <see cref="Message"/> says what was found and, on failure, what to do.
/// </summary>
public sealed record SchemaCheck(bool IsCurrent, int? AppliedVersion, int? ExpectedVersion, string Message);
