import Testing

@Suite("SQLite store")
struct SQLiteStoreTests {
    @Test func appendsAndQueries() async throws { try await StoreBehaviour.appendsAndQueries(.sqlite) }
    @Test func looksUpNormalisedValues() async throws { try await StoreBehaviour.looksUpNormalisedValues(.sqlite) }
    @Test func looksUpIndexedAndUnindexedDetections() async throws { try await StoreBehaviour.looksUpIndexedAndUnindexedDetections(.sqlite) }
    @Test func purgeTrimsTheDigestIndex() async throws { try await StoreBehaviour.purgeTrimsTheDigestIndex(.sqlite) }
    @Test func upgradesAVersionOneStore() async throws { try await StoreBehaviour.upgradesAVersionOneStore(.sqlite) }
    @Test func verifyNamesTheFirstAlteredEntry() async throws { try await StoreBehaviour.verifyNamesTheFirstAlteredEntry(.sqlite) }
    @Test func verifyFindsRemovedAndRelinkedEntries() async throws { try await StoreBehaviour.verifyFindsRemovedAndRelinkedEntries(.sqlite) }
    @Test func erasesASubjectAndStillVerifies() async throws { try await StoreBehaviour.erasesASubjectAndStillVerifies(.sqlite) }
    @Test func purgesOldEntriesAndStillVerifies() async throws { try await StoreBehaviour.purgesOldEntriesAndStillVerifies(.sqlite) }
    @Test func concurrentAppendsAreGroupCommitted() async throws { try await StoreBehaviour.concurrentAppendsAreGroupCommitted(.sqlite) }
    @Test func appendFailsWhenTheStoreCannotWrite() async throws { try await StoreBehaviour.appendFailsWhenTheStoreCannotWrite(.sqlite) }
    @Test func writerProcessesShareOneChain() async throws { try await StoreBehaviour.writerProcessesShareOneChain(.sqlite) }
    @Test func acknowledgedRecordsSurviveSIGKILL() async throws { try await StoreBehaviour.acknowledgedRecordsSurviveSIGKILL(.sqlite) }
}

@Suite("PostgreSQL store", .enabled(if: postgresTestURL != nil, postgresSkipNote))
struct PostgresStoreTests {
    @Test func appendsAndQueries() async throws { try await StoreBehaviour.appendsAndQueries(.postgres) }
    @Test func looksUpNormalisedValues() async throws { try await StoreBehaviour.looksUpNormalisedValues(.postgres) }
    @Test func looksUpIndexedAndUnindexedDetections() async throws { try await StoreBehaviour.looksUpIndexedAndUnindexedDetections(.postgres) }
    @Test func purgeTrimsTheDigestIndex() async throws { try await StoreBehaviour.purgeTrimsTheDigestIndex(.postgres) }
    @Test func upgradesAVersionOneStore() async throws { try await StoreBehaviour.upgradesAVersionOneStore(.postgres) }
    @Test func verifyNamesTheFirstAlteredEntry() async throws { try await StoreBehaviour.verifyNamesTheFirstAlteredEntry(.postgres) }
    @Test func verifyFindsRemovedAndRelinkedEntries() async throws { try await StoreBehaviour.verifyFindsRemovedAndRelinkedEntries(.postgres) }
    @Test func erasesASubjectAndStillVerifies() async throws { try await StoreBehaviour.erasesASubjectAndStillVerifies(.postgres) }
    @Test func purgesOldEntriesAndStillVerifies() async throws { try await StoreBehaviour.purgesOldEntriesAndStillVerifies(.postgres) }
    @Test func concurrentAppendsAreGroupCommitted() async throws { try await StoreBehaviour.concurrentAppendsAreGroupCommitted(.postgres) }
    @Test func appendFailsWhenTheStoreCannotWrite() async throws { try await StoreBehaviour.appendFailsWhenTheStoreCannotWrite(.postgres) }
    @Test func writerProcessesShareOneChain() async throws { try await StoreBehaviour.writerProcessesShareOneChain(.postgres) }
    @Test func acknowledgedRecordsSurviveSIGKILL() async throws { try await StoreBehaviour.acknowledgedRecordsSurviveSIGKILL(.postgres) }
}
