package dev.psapolicy.bench;

/** The JVM start-up floor the benchmark compares a cold check against. */
public final class Hello {
  private Hello() {}

  public static void main(String[] args) {
    System.out.println("hello");
  }
}
