#pragma once
// Cryptography through libsodium (and liboath/libqrencode for TOTP): random identifiers and
// tokens, Argon2id passwords, BLAKE2b hashes, envelope encryption of clinical text.
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "platform/result.hpp"

namespace duet::crypto {

//! Initialises libsodium; call once at start. Returns false if the library cannot start.
bool Init();

//! A time-ordered, unguessable UUID (version 7, RFC 9562) as 36 lowercase characters.
std::string NewId();
//! `bytes` random bytes as unpadded base64url (URL- and cookie-safe).
std::string RandomToken(std::size_t bytes = 32);
//! A request's id for logs and problem answers: 9 random bytes as 12 base64url characters.
std::string RequestId();
//! BLAKE2b-256 of data as 64 lowercase hex characters.
std::string HashHex(std::string_view data);
//! Keyed BLAKE2b (a MAC) of data, 64 hex characters.
std::string KeyedHashHex(const std::array<unsigned char, 32>& key, std::string_view data);
//! Constant-time comparison of two strings.
bool Equal(std::string_view a, std::string_view b);

//! An Argon2id hash string (libsodium's INTERACTIVE limits: ~75 ms, 64 MiB).
Result<std::string> HashPassword(std::string_view password);
//! True if password matches the stored Argon2id hash string.
bool VerifyPassword(std::string_view stored_hash, std::string_view password);

//! Unpadded base64url encode and decode (opaque cursors in URLs).
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);
//! Base64 (standard, padded) encode and decode.
//! HMAC-SHA1 of data under key, base64 (coturn's TURN REST credential; SHA-1 is what coturn expects).
std::string HmacSha1Base64(std::string_view key, std::string_view data);
//! HMAC-SHA256 of data under key, lower-case hex (payment processors' webhook signatures).
std::string HmacSha256Hex(std::string_view key, std::string_view data);
std::string Base64Encode(std::string_view bytes);
std::optional<std::string> Base64Decode(std::string_view text);

//! Envelope encryption: a 32-byte master key wraps one data key per practice; data keys seal
//! clinical text with XChaCha20-Poly1305. Sealed values are base64 of nonce || ciphertext.
class Keyring {
 public:
  //! Loads the master key from `env_value` (base64) if given, else from `key_file`, creating the
  //! file with a fresh key and mode 0600 when it does not exist.
  static Result<Keyring> Load(const std::string& key_file, const std::string& env_value);
  //! A keyring over a known key (tests).
  static Keyring FromKey(const std::array<unsigned char, 32>& key);

  //! A fresh data key, wrapped by the master key, for a new practice.
  std::string NewWrappedDataKey() const;
  //! Encrypts plaintext with the practice's wrapped data key; `context` binds the ciphertext to
  //! where it is stored (e.g. "note:ID") so it cannot be moved to another row.
  Result<std::string> Seal(std::string_view wrapped_key, std::string_view plaintext, std::string_view context) const;
  //! Decrypts what Seal produced; fails if the key, context or text was changed.
  Result<std::string> Open(std::string_view wrapped_key, std::string_view sealed, std::string_view context) const;
  //! Encrypts with the master key directly (for per-user secrets such as TOTP seeds).
  std::string SealWithMaster(std::string_view plaintext, std::string_view context) const;
  //! Decrypts SealWithMaster output.
  Result<std::string> OpenWithMaster(std::string_view sealed, std::string_view context) const;
  //! A 32-byte key for one purpose (e.g. "duet:audit-chain"), derived from the master key: anyone
  //! without the master key cannot compute what it keys.
  std::array<unsigned char, 32> DeriveKey(std::string_view purpose) const;

 private:
  std::array<unsigned char, 32> master_{};
};

//! A practice's data key as stored (wrapped by the master key) with the keyring that unwraps it: what
//! a service needs to seal and open that practice's clinical text.
class DataKey {
 public:
  DataKey(const Keyring& keys, std::string wrapped) : keys_(&keys), wrapped_(std::move(wrapped)) {}
  //! Keyring::Seal with this key.
  Result<std::string> Seal(std::string_view plaintext, std::string_view context) const {
    return keys_->Seal(wrapped_, plaintext, context);
  }
  //! Keyring::Open with this key.
  Result<std::string> Open(std::string_view sealed, std::string_view context) const {
    return keys_->Open(wrapped_, sealed, context);
  }

 private:
  const Keyring* keys_;
  std::string wrapped_;
};

//! Where a practice's data key comes from (identity::Service::DataKeyFor), for services made before it.
using KeyFor = std::function<Result<DataKey>(const std::string& practice_id)>;

//! One practice's data key, read on first use and kept for the rest of a list (not once per row).
class LazyKey {
 public:
  LazyKey(const KeyFor& keys, std::string practice_id) : keys_(keys), practice_id_(std::move(practice_id)) {}
  Result<const DataKey*> Get() {
    if (!key_) {
      if (!keys_) return tl::unexpected(Error{ErrorCode::kInternal, "Internal error.", "no practice keys", {}, {}, {}});
      auto k = keys_(practice_id_);
      if (!k) return tl::unexpected(k.error());
      key_.emplace(std::move(*k));
    }
    return &*key_;
  }

 private:
  const KeyFor& keys_;
  std::string practice_id_;
  std::optional<DataKey> key_;
};

//! A column that held plain text before it was sealed: sealed values carry this mark, so rows written
//! earlier still read (and are sealed when next written or by the start-up sweep).
inline constexpr std::string_view kSealedField = "s1:";
//! Seals a field's text bound to `context` ("s1:…"); empty stays empty (nothing to hide, and "none" stays queryable).
Result<std::string> SealField(const DataKey& key, std::string_view plain, std::string_view context);
//! Opens what SealField stored; text without the mark is returned as it is (written before sealing).
Result<std::string> OpenField(const DataKey& key, std::string_view stored, std::string_view context);

//! A new random TOTP secret in base32 (160 bits, RFC 4226 recommendation).
std::string NewTotpSecret();
//! The RFC 6238 code (6 digits, 30 s step) for the base32 secret at `unix_time`.
std::string TotpCode(std::string_view base32_secret, std::int64_t unix_time);
//! If `code` is valid for the secret within ±1 step of `unix_time`, the step it matched; else nullopt.
std::optional<std::int64_t> TotpVerify(std::string_view base32_secret, std::string_view code, std::int64_t unix_time);
//! The otpauth:// URI for an authenticator app.
std::string TotpUri(std::string_view issuer, std::string_view account, std::string_view base32_secret);
//! An SVG image of the QR code for text (libqrencode).
std::string QrSvg(std::string_view text);

}  // namespace duet::crypto
