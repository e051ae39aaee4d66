"""Importing official texts (Adilet plain text and HTML, Word drafts) into source YAML."""
