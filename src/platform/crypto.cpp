#include "platform/crypto.hpp"
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fcntl.h>
#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace duet::crypto {
namespace {

std::string Hex(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.resize(n * 2);
  return out;
}

std::string SealRaw(const unsigned char* key, std::string_view plaintext, std::string_view context) {
  std::string out(
      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES,
      '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen,
                                             reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                                             reinterpret_cast<const unsigned char*>(context.data()), context.size(),
                                             nullptr, nonce, key);
  return Base64Encode(out);
}

Result<std::string> OpenRaw(const unsigned char* key, std::string_view sealed, std::string_view context) {
  auto raw = Base64Decode(sealed);
  constexpr std::size_t kOverhead =
      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (!raw || raw->size() < kOverhead) return Fail(ErrorCode::kInternal, "Internal error.", "sealed value malformed");
  std::string out(raw->size() - kOverhead, '\0');
  unsigned long long mlen = 0;
  auto* nonce = reinterpret_cast<const unsigned char*>(raw->data());
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(out.data()), &mlen, nullptr,
                                                 nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                 raw->size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                 reinterpret_cast<const unsigned char*>(context.data()), context.size(),
                                                 nonce, key) != 0) {
    return Fail(ErrorCode::kInternal, "Internal error.", "decryption failed (wrong key, context or tampered text)");
  }
  out.resize(mlen);
  return out;
}

// Random bytes for identifiers (record ids, request ids), drawn from the system's generator 512 at a time: one
// getrandom call for some thirty ids instead of one each (a booking makes four). Each byte is handed out once.
// Keys, tokens and nonces draw their own bytes.
void IdentifierBytes(unsigned char* out, std::size_t n) {
  thread_local std::array<unsigned char, 512> pool;
  thread_local std::size_t used = pool.size();
  if (n > pool.size()) return randombytes_buf(out, n);
  if (used + n > pool.size()) {
    randombytes_buf(pool.data(), pool.size());
    used = 0;
  }
  std::memcpy(out, pool.data() + used, n);
  sodium_memzero(pool.data() + used, n);
  used += n;
}

std::string Base64Url(const unsigned char* data, std::size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

}  // namespace

bool Init() { return sodium_init() >= 0; }

std::string NewId() {
  // RFC 9562 UUIDv7: 48-bit Unix milliseconds, version 7, 74 random bits.
  unsigned char b[16];
  IdentifierBytes(b, sizeof b);
  auto ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(ms >> (40 - 8 * i));
  b[6] = static_cast<unsigned char>(0x70 | (b[6] & 0x0f));
  b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3f));
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string id(36, '-');
  for (std::size_t i = 0, at = 0; i < sizeof b; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) ++at;  // 8-4-4-4-12
    id[at++] = kDigits[b[i] >> 4];
    id[at++] = kDigits[b[i] & 0x0f];
  }
  return id;
}

std::string RandomToken(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  return Base64Url(buf.data(), buf.size());
}

std::string RequestId() {
  unsigned char b[9];
  IdentifierBytes(b, sizeof b);
  return Base64Url(b, sizeof b);
}

std::string KeyedHashHex(const std::array<unsigned char, 32>& key, std::string_view data) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(data.data()), data.size(), key.data(),
                     key.size());
  return Hex(out, sizeof out);
}

std::string HashHex(std::string_view data) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
  return Hex(out, sizeof out);
}

bool Equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::string> HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Fail(ErrorCode::kUnavailable, "The server is busy; try again.", "argon2id out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view stored_hash, std::string_view password) {
  std::string stored(stored_hash);
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  std::string out(text.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  std::string out(text.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

Result<Keyring> Keyring::Load(const std::string& key_file, const std::string& env_value) {
  Keyring k;
  std::string encoded = env_value;
  if (encoded.empty()) {
    std::ifstream in(key_file);
    if (in) {
      std::getline(in, encoded);
    } else {
      unsigned char fresh[32];
      randombytes_buf(fresh, sizeof fresh);
      encoded = Base64Encode(std::string_view(reinterpret_cast<char*>(fresh), sizeof fresh));
      int fd = ::open(key_file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
      if (fd < 0) return Fail(ErrorCode::kUnavailable, "The master key file cannot be created.", key_file);
      std::string line = encoded + "\n";
      bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
      ::close(fd);
      if (!ok) return Fail(ErrorCode::kUnavailable, "The master key file cannot be written.", key_file);
    }
  }
  auto raw = Base64Decode(encoded);
  if (!raw || raw->size() != 32) return Fail(ErrorCode::kInvalid, "The master key must be 32 bytes in base64.");
  std::copy(raw->begin(), raw->end(), k.master_.begin());
  return k;
}

Keyring Keyring::FromKey(const std::array<unsigned char, 32>& key) {
  Keyring k;
  k.master_ = key;
  return k;
}

std::string Keyring::NewWrappedDataKey() const {
  unsigned char data_key[32];
  crypto_aead_xchacha20poly1305_ietf_keygen(data_key);
  std::string wrapped =
      SealRaw(master_.data(), std::string_view(reinterpret_cast<char*>(data_key), 32), "duet:data-key");
  sodium_memzero(data_key, sizeof data_key);
  return wrapped;
}

Result<std::string> Keyring::Seal(std::string_view wrapped_key, std::string_view plaintext,
                                  std::string_view context) const {
  auto key = OpenRaw(master_.data(), wrapped_key, "duet:data-key");
  if (!key || key->size() != 32) return Fail(ErrorCode::kInternal, "Internal error.", "data key cannot be unwrapped");
  std::string sealed = SealRaw(reinterpret_cast<const unsigned char*>(key->data()), plaintext, context);
  sodium_memzero(key->data(), key->size());
  return sealed;
}

Result<std::string> Keyring::Open(std::string_view wrapped_key, std::string_view sealed,
                                  std::string_view context) const {
  auto key = OpenRaw(master_.data(), wrapped_key, "duet:data-key");
  if (!key || key->size() != 32) return Fail(ErrorCode::kInternal, "Internal error.", "data key cannot be unwrapped");
  auto plain = OpenRaw(reinterpret_cast<const unsigned char*>(key->data()), sealed, context);
  sodium_memzero(key->data(), key->size());
  return plain;
}

Result<std::string> SealField(const DataKey& key, std::string_view plain, std::string_view context) {
  if (plain.empty()) return std::string();
  auto sealed = key.Seal(plain, context);
  if (!sealed) return sealed;
  return std::string(kSealedField) + *sealed;
}

Result<std::string> OpenField(const DataKey& key, std::string_view stored, std::string_view context) {
  if (!stored.starts_with(kSealedField)) return std::string(stored);
  return key.Open(stored.substr(kSealedField.size()), context);
}

std::array<unsigned char, 32> Keyring::DeriveKey(std::string_view purpose) const {
  std::array<unsigned char, 32> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(purpose.data()), purpose.size(),
                     master_.data(), master_.size());
  return out;
}

std::string Keyring::SealWithMaster(std::string_view plaintext, std::string_view context) const {
  return SealRaw(master_.data(), plaintext, context);
}

Result<std::string> Keyring::OpenWithMaster(std::string_view sealed, std::string_view context) const {
  return OpenRaw(master_.data(), sealed, context);
}

std::string NewTotpSecret() {
  unsigned char raw[20];
  randombytes_buf(raw, sizeof raw);
  char* out = nullptr;
  size_t len = 0;
  oath_base32_encode(reinterpret_cast<const char*>(raw), sizeof raw, &out, &len);
  std::string secret(out, len);
  free(out);
  while (!secret.empty() && secret.back() == '=') secret.pop_back();
  return secret;
}

namespace {
std::optional<std::string> DecodeBase32(std::string_view secret) {
  char* out = nullptr;
  size_t len = 0;
  std::string padded(secret);
  while (padded.size() % 8) padded += '=';
  if (oath_base32_decode(padded.data(), padded.size(), &out, &len) != OATH_OK) return std::nullopt;
  std::string raw(out, len);
  free(out);
  return raw;
}
}  // namespace

std::string TotpCode(std::string_view base32_secret, std::int64_t unix_time) {
  auto raw = DecodeBase32(base32_secret);
  if (!raw) return {};
  char code[8] = {0};
  oath_init();
  oath_totp_generate(raw->data(), raw->size(), static_cast<time_t>(unix_time), OATH_TOTP_DEFAULT_TIME_STEP_SIZE, 0, 6,
                     code);
  return code;
}

std::optional<std::int64_t> TotpVerify(std::string_view base32_secret, std::string_view code, std::int64_t unix_time) {
  if (code.size() != 6) return std::nullopt;
  for (int delta = -1; delta <= 1; ++delta) {
    std::int64_t t = unix_time + delta * 30;
    if (Equal(TotpCode(base32_secret, t), code)) return t / 30;
  }
  return std::nullopt;
}

std::string TotpUri(std::string_view issuer, std::string_view account, std::string_view base32_secret) {
  auto escape = [](std::string_view s) {
    std::string out;
    for (unsigned char ch : s) {
      if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~' || ch == '@')
        out += static_cast<char>(ch);
      else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", ch);
        out += buf;
      }
    }
    return out;
  };
  return "otpauth://totp/" + escape(issuer) + ":" + escape(account) + "?secret=" + std::string(base32_secret) +
         "&issuer=" + escape(issuer) + "&algorithm=SHA1&digits=6&period=30";
}

std::string QrSvg(std::string_view text) {
  std::string copy(text);
  QRcode* qr = QRcode_encodeString(copy.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!qr) return {};
  int size = qr->width, margin = 4, total = size + 2 * margin;
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << total << " " << total
      << "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code for your authenticator app\">"
      << "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x)
      if (qr->data[y * size + x] & 1) svg << "M" << x + margin << " " << y + margin << "h1v1h-1z";
  svg << "\"/></svg>";
  QRcode_free(qr);
  return svg.str();
}

std::string HmacSha1Base64(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(out), len));
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[out[i] >> 4];
    hex += kHex[out[i] & 15];
  }
  return hex;
}

}  // namespace duet::crypto
