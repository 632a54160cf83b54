package io.github.clarifais3sync.local.inputsapi;

/**
 * A concept on an input: {@code value} 1 means present and 0 absent, 1 when left out
 * (https://docs.clarifai.com/create-manage/inputs/upload). @param name {@code null} when the request gave none;
 * responses then show the id as the name
 */
record Concept(String id, String name, double value) {}
