import Crypto

/// Keyed digests of detected values: HMAC-SHA256 under the log's secret key of the value's
/// normal form for its entity, in hex. The entity is not hashed in, so a lookup finds a value
/// whatever entity a rule gave it, by trying each distinct normal form.
///
/// The key is secret (unlike ``TacetCore/Fingerprint``'s): without it a digest of a
/// low-entropy value such as a phone number cannot be reversed by trying every number.
/// Normalisation makes the digest of what the proxy saw equal the digest of what a person types
/// into `tacet log lookup` (see ``EntityNormalisation``).
public struct ValueDigester: Sendable {
    private let box: KeyBox
    private var key: SymmetricKey { box.key }

    public init(key: [UInt8]) {
        box = KeyBox(key: SymmetricKey(data: key))
    }

    /// A short public id of the key (HMAC of a fixed label), stored with the log so a lookup
    /// with another key is refused instead of silently finding nothing.
    public var keyID: String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Array("tacet/log/key-id".utf8), using: key)).prefix(16).description
    }

    public func digest(entity: String, value: some StringProtocol) -> String {
        digest(normalised: EntityNormalisation.normalise(value, entity: entity))
    }

    /// The digests `value` can have, one per distinct normal form of the entities with one
    /// (or only `entity`'s).
    public func candidateDigests(value: String, entity: String? = nil) -> [String] {
        let forms = entity.map { [EntityNormalisation.normalise(value, entity: $0)] }
            ?? (EntityNormalisation.knownEntities + ["SECRET"]).map { EntityNormalisation.normalise(value, entity: $0) }
        return Set(forms.filter { !$0.isEmpty }).map { digest(normalised: $0) }.sorted()
    }

    private func digest(normalised: String) -> String {
        // A copy of the keyed state skips hashing the key pads for every value.
        var mac = box.keyed
        var normalised = normalised
        normalised.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        return Hex.string(mac.finalize())
    }
}

/// `SymmetricKey` and the keyed HMAC state are not marked `Sendable`; made once, then only
/// read (a digest works on its own copy of `keyed`, which is a value).
private final class KeyBox: @unchecked Sendable {
    let key: SymmetricKey
    let keyed: HMAC<SHA256>
    init(key: SymmetricKey) {
        self.key = key
        keyed = HMAC<SHA256>(key: key)
    }
}
