import Testing
@testable import TacetProviders

@Suite struct EndpointTests {
    @Test func knownPathsNameTheirProvider() {
        #expect(Endpoint.known(method: "POST", path: "/v1/chat/completions")! == (.openai, .chatCompletions))
        #expect(Endpoint.known(method: "POST", path: "/v1/responses")! == (.openai, .responses))
        #expect(Endpoint.known(method: "POST", path: "/v1/embeddings")! == (.openai, .embeddings))
        #expect(Endpoint.known(method: "POST", path: "/v1/messages")! == (.anthropic, .messages))
        #expect(Endpoint.known(method: "POST", path: "/v1/messages/count_tokens")! == (.anthropic, .messagesCountTokens))
        #expect(Endpoint.known(method: "POST", path: "/v1beta/models/gemini-2.5-flash:generateContent")!
            == (.gemini, .generateContent(model: "gemini-2.5-flash")))
        #expect(Endpoint.known(method: "POST", path: "/v1/models/gemini-2.5-pro:streamGenerateContent")!
            == (.gemini, .streamGenerateContent(model: "gemini-2.5-pro")))
        #expect(Endpoint.known(method: "POST", path: "/v1beta/models/text-embedding-004:embedContent")!
            == (.gemini, .embedContent(model: "text-embedding-004")))
    }

    @Test func otherPathsAreNotKnownEndpoints() {
        #expect(Endpoint.known(method: "GET", path: "/v1/models") == nil)
        #expect(Endpoint.known(method: "GET", path: "/v1/chat/completions") == nil)
        #expect(Endpoint.known(method: "POST", path: "/v1beta/models/gemini:unknownAction") == nil)
        #expect(Endpoint.known(method: "POST", path: "/v1/models/gemini") == nil)
        #expect(Endpoint.known(method: "POST", path: "/v2/chat/completions") == nil)
    }

    @Test func otherPathsBelongToAProviderByRootAndHeader() {
        #expect(Endpoint.providerOfOtherPath("/v1/models", hasAnthropicVersion: false) == .openai)
        #expect(Endpoint.providerOfOtherPath("/v1/models", hasAnthropicVersion: true) == .anthropic)
        #expect(Endpoint.providerOfOtherPath("/v1beta/files", hasAnthropicVersion: false) == .gemini)
        #expect(Endpoint.providerOfOtherPath("/admin", hasAnthropicVersion: false) == nil)
    }
}

private func == (lhs: (ProviderKind, Endpoint), rhs: (ProviderKind, Endpoint)) -> Bool {
    lhs.0 == rhs.0 && lhs.1 == rhs.1
}
