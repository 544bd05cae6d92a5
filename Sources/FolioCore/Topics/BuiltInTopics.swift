/// The taxonomy Folio ships with, in the form of the user's `topics.toml` (which adds to it or replaces parts).
///
/// Kept as text in the binary rather than a file beside it: a resource folder can go missing when the binary is
/// copied elsewhere, and the topics must not. `folio topics --print-defaults` writes it out.
///
/// A keyword matches a paper's title or abstract with the search's word rules: case, accents and punctuation
/// ignored ("chain-of-thought" is "chain of thought"), several words as a phrase, `*` ending a word that starts
/// longer ones. Keywords are chosen to be specific: "reasoning" alone is in half of all abstracts.
public enum BuiltInTopics {
    public static let toml = #"""
        # Folio's topics. Each [topics.NAME] is a topic; a paper belongs to it when its title or abstract holds
        # any of the keywords. Case, accents and punctuation do not matter; several words are a phrase; a word
        # ending in * matches words that start with it. In your own topics.toml, a topic with a built-in name
        # replaces the built-in one, and `keywords = []` removes it.

        [topics.interpretability]
        keywords = ["interpretab*", "mechanistic", "sparse autoencoder*", "linear probe*", "probing classifier*",
                    "feature attribution", "attribution method*", "saliency map*", "explainab*", "steering vector*",
                    "activation steering", "superposition", "circuit discovery", "logit lens"]

        [topics.reasoning]
        keywords = ["chain of thought", "cot", "reasoning model*", "reasoning chain*", "reasoning trace*",
                    "reasoning path*", "reasoning step*", "mathematical reasoning", "math reasoning", "multi step reasoning",
                    "reasoning capabilit*", "reasoning abilit*", "reasoning task*", "reasoning benchmark*",
                    "theorem prov*", "test time scaling", "test time compute", "overthinking", "long reasoning",
                    "slow thinking", "olympiad"]

        [topics.agents]
        keywords = ["agent*", "agentic", "tool use", "tool calling", "tool learning", "function calling",
                    "web navigation", "computer use", "gui automation", "deep research"]

        [topics.diffusion]
        keywords = ["diffusion", "denoising", "flow matching", "rectified flow", "score based", "text to image",
                    "image generation", "video generation", "image synthesis", "image editing", "video editing",
                    "generative model*", "autoregressive image", "visual generation"]

        [topics.vision-language]
        keywords = ["vision language", "vlm*", "lvlm*", "mllm*", "multimodal large language model*",
                    "multimodal llm*", "multimodal model*", "visual question answering", "vqa", "image caption*",
                    "visual grounding", "visual reasoning", "video understanding", "video question answering"]

        [topics.speech-audio]
        keywords = ["speech", "audio", "asr", "text to speech", "tts", "voice", "spoken", "music*", "acoustic",
                    "speaker*"]

        [topics.reinforcement-learning]
        keywords = ["reinforcement learning", "rl", "rlhf", "rlvr", "rlaif", "policy optimization", "grpo", "ppo",
                    "dpo", "reward model*", "reward signal*", "verifiable reward*", "policy gradient*",
                    "preference optimization", "q learning", "offline rl", "reward hacking"]

        [topics.efficiency]
        keywords = ["mixture of experts", "moe", "quantiz*", "pruning", "distillation", "kv cache", "speculative decoding",
                    "sparse attention", "linear attention", "lora", "low rank adaptation", "efficient inference",
                    "inference efficiency", "inference cost*", "memory footprint", "throughput", "latency", "speedup*",
                    "token compression", "token pruning", "parameter efficient"]

        [topics.theory]
        keywords = ["learning theory", "theoretical analysis", "theoretical framework", "we prove", "provabl*",
                    "generalization bound*", "sample complexity", "convergence rate*", "regret bound*", "pac bayes*",
                    "upper bound*", "lower bound*", "theorem*", "scaling law*"]

        [topics.robotics]
        keywords = ["robot*", "embodied", "manipulation task*", "robotic manipulation", "locomotion", "humanoid*",
                    "vision language action", "vla", "vlas", "grasp*", "sim to real", "autonomous driving",
                    "self driving", "dexterous"]

        [topics.graphs]
        keywords = ["graph neural network*", "gnn*", "graph learning", "knowledge graph*", "node classification",
                    "link prediction", "graph transformer*", "molecular graph*", "graph structure*", "graph based"]

        [topics.safety-privacy]
        keywords = ["safety", "jailbreak*", "red teaming", "harmful", "adversarial attack*", "privacy", "private data",
                    "differential privacy", "membership inference", "backdoor*", "watermark*", "unlearning", "toxic*",
                    "guardrail*", "prompt injection", "misuse", "deceptive", "sycophan*"]

        [topics.code]
        keywords = ["code generation", "code llm*", "code model*", "coding agent*", "coding task*", "software engineering", "program synthesis",
                    "swe bench", "code completion", "code repair", "program repair", "unit test*", "repository level",
                    "competitive programming"]

        [topics.retrieval]
        keywords = ["retrieval augmented", "rag", "retriever*", "dense retrieval", "information retrieval", "rerank*",
                    "search engine*", "embedding model*", "text embedding*"]

        [topics.3d]
        keywords = ["3d", "gaussian splatting", "nerf", "neural radiance", "point cloud*", "mesh*", "novel view synthesis",
                    "depth estimation", "scene reconstruction", "4d"]

        [topics.video]
        keywords = ["video", "videos", "temporal grounding", "long video"]

        [topics.bio-medical]
        keywords = ["medical", "clinical", "biomedical", "healthcare", "radiology", "patient*", "protein*",
                    "drug discovery", "genomic*", "molecul*", "pathology"]
        """#
}
