namespace Market.Application.Common.Interfaces;

/// <summary>
/// Seals values that must be stored but never readable at rest (secret env values of a task). Any replica
/// can open what another sealed: the keys are shared through the database. The adapter is ASP.NET Core
/// Data Protection; the use cases only see this port.
/// </summary>
public interface ISecretProtector
{
    string Protect(string plaintext);

    /// <summary>The plaintext, or null when the payload cannot be opened (its key is gone, or it was tampered with).</summary>
    string? Unprotect(string ciphertext);
}
