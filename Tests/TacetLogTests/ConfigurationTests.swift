import Foundation
import Glibc
import TacetLog
import Testing

@Suite("Log configuration and digest key")
struct ConfigurationTests {
    let folder: URL = FileManager.default.temporaryDirectory.appendingPathComponent("tacet-log-config-\(UUID().uuidString)")

    init() throws { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }

    func write(_ text: String) throws -> String {
        let file = folder.appendingPathComponent("tacet.toml")
        try Data(text.utf8).write(to: file)
        return file.path
    }

    @Test func defaultsPutEverythingInTheDataDirectory() throws {
        let configuration = try LogConfiguration.load(file: nil, dataDirectory: "/srv/tacet", environment: [:])
        #expect(configuration.store == .sqlite(path: "/srv/tacet/disclosures.sqlite"))
        #expect(configuration.retentionDays == nil)
        #expect(configuration.digestKey == DigestKeySource(environmentVariable: "TACET_LOG_KEY", file: "/srv/tacet/log-digest.key"))
        #expect(LogConfiguration.dataDirectory(option: nil, environment: [:]) == "tacet-data")
        #expect(LogConfiguration.dataDirectory(option: nil, environment: ["TACET_DATA_DIR": "/d"]) == "/d")
        #expect(LogConfiguration.dataDirectory(option: "/o", environment: ["TACET_DATA_DIR": "/d"]) == "/o")
    }

    @Test func readsTheLogTable() throws {
        let file = try write("""
            [proxy]
            listen = "127.0.0.1:8080"
            [log]
            store = "postgres://tacet@db.internal:5433/audit"
            retention_days = 30
            digest_key_env = "MY_KEY"
            digest_key_file = "keys/log.key"
            """)
        let configuration = try LogConfiguration.load(file: file, dataDirectory: "/data", environment: [:])
        #expect(configuration.store == .postgres(url: "postgres://tacet@db.internal:5433/audit"))
        #expect(configuration.retentionDays == 30)
        #expect(configuration.digestKey == DigestKeySource(environmentVariable: "MY_KEY", file: "/data/keys/log.key"))
        let overridden = try LogConfiguration.load(file: file, dataDirectory: "/data", environment: ["TACET_LOG_STORE": "sqlite:/x/log.sqlite"])
        #expect(overridden.store == .sqlite(path: "/x/log.sqlite"))
    }

    @Test(arguments: [
        ("[log]\nstor = \"sqlite\"", "unknown key \"stor\""),
        ("[log]\nstore = \"mysql://x\"", "[log] store: must be"),
        ("[log]\nstore = \"postgres://db.internal/audit\"", "names no user"),
        ("[log]\nstore = \"postgres://u:secretpw@db.internal\"", "names no database"),
        ("[log]\nretention_days = -1", "retention_days must be"),
        ("[log]\nretention_days = \"30\"", "retention_days must be"),
        ("log = 3", "[log] must be a table"),
        ("[log\n", "tacet.toml:"),
    ])
    func badConfigurationNamesTheKey(text: String, message: String) throws {
        let file = try write(text)
        let error = #expect(throws: LogError.self) { try LogConfiguration.load(file: file, dataDirectory: "/data", environment: [:]) }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("secretpw") == false, "a password is never printed")
    }

    @Test func keyFileIsCreatedOnceWithMode600() throws {
        let source = DigestKeySource(file: folder.appendingPathComponent("log-digest.key").path)
        #expect(throws: LogError.self) { try source.load(environment: [:], createIfMissing: false) }
        let created = try source.load(environment: [:], createIfMissing: true)
        var info = stat()
        #expect(stat(source.file, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        let again = try source.load(environment: [:], createIfMissing: false)
        #expect(again.keyID == created.keyID)
        #expect(again.digest(entity: "EMAIL_ADDRESS", value: "a@b.c") == created.digest(entity: "EMAIL_ADDRESS", value: "a@b.c"))

        chmod(source.file, 0o644)
        let error = #expect(throws: LogError.self) { try source.load(environment: [:], createIfMissing: false) }
        #expect(error?.description.contains("chmod 600") == true)
    }

    @Test func environmentKeyWinsAndMustBe64HexDigits() throws {
        let source = DigestKeySource(file: folder.appendingPathComponent("absent.key").path)
        let key = String(repeating: "ab", count: 32)
        let digester = try source.load(environment: ["TACET_LOG_KEY": key], createIfMissing: false)
        #expect(digester.keyID == ValueDigester(key: Array(repeating: 0xab, count: 32)).keyID)
        #expect(!FileManager.default.fileExists(atPath: source.file))
        #expect(throws: LogError.self) { try source.load(environment: ["TACET_LOG_KEY": "short"], createIfMissing: true) }
    }

    @Test func normalisationPerEntity() {
        #expect(EntityNormalisation.normalise("  Ana.Lima@Example.ORG\n", entity: "EMAIL_ADDRESS") == "ana.lima@example.org")
        #expect(EntityNormalisation.normalise("+44 (20) 7946-0958", entity: "PHONE_NUMBER") == "442079460958")
        #expect(EntityNormalisation.normalise("4111-1111 1111.1111", entity: "CREDIT_CARD") == "4111111111111111")
        #expect(EntityNormalisation.normalise("gb82 west 1234 5698 7654 32", entity: "IBAN_CODE") == "GB82WEST12345698765432")
        #expect(EntityNormalisation.normalise("00:1A:2b-3C.4d:5E", entity: "MAC_ADDRESS") == "001a2b3c4d5e")
        #expect(EntityNormalisation.normalise(" Secret Token ", entity: "SECRET") == "Secret Token")
        let digester = ValueDigester(key: Array(repeating: 3, count: 32))
        #expect(digester.digest(entity: "EMAIL_ADDRESS", value: "A@B.C") == digester.digest(entity: "EMAIL_ADDRESS", value: " a@b.c"))
        #expect(digester.digest(entity: "EMAIL_ADDRESS", value: "a@b.c") == digester.digest(entity: "URL", value: "a@b.c"),
                "the entity is not hashed in: one value, one digest, whatever rule found it")
        #expect(digester.candidateDigests(value: "A@B.c").contains(digester.digest(entity: "EMAIL_ADDRESS", value: "a@b.c")))
        #expect(digester.candidateDigests(value: "A@B.c", entity: "SECRET") == [digester.digest(entity: "SECRET", value: "A@B.c")])
        #expect(digester.digest(entity: "SECRET", value: "x").count == 64)
    }

    @Test func detectionsSurviveTheStoreWithAwkwardCharacters() async throws {
        let store = try await TestStore(.sqlite)
        let log = try await store.open()
        let awkward = Detection(entity: "SECRET", ruleID: "rule \"quoted\"", action: "mask\\slash",
                                jsonPath: "$.messages[0][\"content\"]\n\u{01}\tü", digest: "ab")
        let record = DisclosureRecord(clientKeyID: "c", subject: nil, upstream: "u", provider: "p", model: nil,
                                      endpoint: "/", decision: .forwarded, detections: [awkward], requestBytes: 1)
        try await log.append(record)
        #expect(try await log.query(LogFilter()).first?.record.detections == [awkward])
        await log.close()
        await store.remove()
    }

    @Test func recordIDsSortByTimeAndAreVersion7() {
        let early = RecordID.make(at: Date(timeIntervalSince1970: 1_790_000_000))
        let late = RecordID.make(at: Date(timeIntervalSince1970: 1_790_000_000.002))
        #expect(early.uuidString.lowercased() < late.uuidString.lowercased())
        #expect(early.uuidString.lowercased().hasPrefix("01a0c450-6c00"), "48 bits of Unix milliseconds first")
        #expect(early.uuid.6 >> 4 == 7 && early.uuid.8 >> 6 == 2)
        #expect(RecordID.make() != RecordID.make())
    }
}
