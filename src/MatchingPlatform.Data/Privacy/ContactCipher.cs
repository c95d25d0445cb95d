using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Data.Privacy;

/// <summary>
/// Seals workers' contact details with AES-256-GCM before they reach the database: a stolen database file or
/// backup holds no readable phone number or email. The worker id is the associated data, so a sealed value copied
/// onto another worker's row does not open. Stored as base64 of nonce | ciphertext | tag, with the key's id beside it
/// (keys can be rotated: a value sealed under an unknown key id is reported, not guessed).
/// </summary>
public sealed class ContactCipher
{
    public const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _key;

    /// <param name="key">32 random bytes.</param>
    /// <param name="keyId">A short name for the key, stored with each value (e.g. "2026-11").</param>
    public ContactCipher(byte[] key, string keyId)
    {
        if (key.Length != KeyBytes) throw new ArgumentException($"a contact key is {KeyBytes} bytes", nameof(key));
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        _key = key.ToArray();
        KeyId = keyId;
    }

    public string KeyId { get; }

    /// <summary>Null when the base64 text is a usable key, else why not (never echoing it).</summary>
    public static string? KeyProblem(string? base64Key)
    {
        if (string.IsNullOrWhiteSpace(base64Key)) return "no contact encryption key is configured";
        var bytes = new byte[KeyBytes + 1];
        return Convert.TryFromBase64String(base64Key, bytes, out var written) && written == KeyBytes ? null
            : $"the contact encryption key must be {KeyBytes} bytes, base64-encoded";
    }

    public static ContactCipher FromBase64(string base64Key, string keyId) =>
        KeyProblem(base64Key) is { } problem ? throw new ArgumentException(problem, nameof(base64Key)) : new(Convert.FromBase64String(base64Key), keyId);

    public string Seal(string workerId, WorkerContact contact)
    {
        var plain = JsonSerializer.SerializeToUtf8Bytes(contact);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), Encoding.UTF8.GetBytes(workerId));
        CryptographicOperations.ZeroMemory(plain);
        return Convert.ToBase64String(sealedBytes);
    }

    /// <exception cref="CryptographicException">The value was sealed under another key, for another worker, or altered.</exception>
    public WorkerContact Open(string workerId, string sealedValue, string keyId)
    {
        if (keyId != KeyId) throw new CryptographicException($"contact details of worker sealed under key '{keyId}', but the configured key is '{KeyId}'");
        var bytes = Convert.FromBase64String(sealedValue);
        var length = bytes.Length - NonceBytes - TagBytes;
        if (length < 0) throw new CryptographicException("sealed contact details are truncated");
        var plain = new byte[length];
        using var aes = new AesGcm(_key, TagBytes);
        aes.Decrypt(bytes.AsSpan(0, NonceBytes), bytes.AsSpan(NonceBytes, length), bytes.AsSpan(NonceBytes + length), plain, Encoding.UTF8.GetBytes(workerId));
        try
        {
            return JsonSerializer.Deserialize<WorkerContact>(plain) ?? throw new CryptographicException("sealed contact details are empty");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
