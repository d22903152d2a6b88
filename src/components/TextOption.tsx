/** A free-text option, committed on blur or Enter (not on every key: each change runs the query). */
import { useState } from 'react';
import { Input } from '@grafana/ui';

interface Props {
  id: string;
  value?: string;
  onChange(value: string | undefined): void;
  placeholder?: string;
  invalid?: boolean;
  width?: number;
}

export function TextOption({ id, value, onChange, placeholder, invalid, width = 24 }: Props) {
  const [text, setText] = useState(value ?? '');
  // A new value from outside (kind switch, undo) replaces what is typed: React's "adjust state on prop change".
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value ?? '');
  }
  const commit = () => {
    if (text !== (value ?? '')) onChange(text.trim() || undefined);
  };
  return (
    <Input
      id={id}
      width={width}
      value={text}
      placeholder={placeholder}
      invalid={invalid}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}
