"""The model layer: provider profiles (data), chat/embedding clients, structured output, prompts."""
